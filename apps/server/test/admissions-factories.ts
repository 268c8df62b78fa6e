import type { WardKind } from '@meridian/contracts';
import { newId } from '../src/platform/ids.js';
import type { Platform } from '../src/platform/platform.js';
import {
  bed,
  ward,
  wardRoom,
  type BedRow,
  type WardRoomRow,
  type WardRow,
} from '../src/modules/admissions/admissions.tables.js';

let counter = 0;

export interface WardScene {
  ward: WardRow;
  rooms: WardRoomRow[];
  /** All beds, room by room: room 1's beds first. */
  beds: BedRow[];
}

/**
 * A ward with `rooms` rooms of `bedsPerRoom` available beds each (straight to the
 * database). Codes: ward W<n>, rooms R1.., beds R1-A, R1-B, ...; the first bed of each room
 * is isolation-capable.
 */
export async function createWard(
  platform: Platform,
  o: {
    facilityId: string;
    departmentId?: string | null;
    kind?: WardKind;
    code?: string;
    name?: string;
    rooms?: number;
    bedsPerRoom?: number;
  },
): Promise<WardScene> {
  counter += 1;
  const now = platform.clock.now();
  return platform.db.transaction(async (tx) => {
    const [w] = await tx
      .insert(ward)
      .values({
        id: newId(),
        facilityId: o.facilityId,
        departmentId: o.departmentId ?? null,
        code: o.code ?? `W${counter}`,
        name: o.name ?? `Ward ${counter}`,
        kind: o.kind ?? 'medical_surgical',
        isActive: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!w) throw new Error('ward insert returned nothing');
    const rooms: WardRoomRow[] = [];
    const beds: BedRow[] = [];
    for (let r = 1; r <= (o.rooms ?? 2); r += 1) {
      const [room] = await tx
        .insert(wardRoom)
        .values({
          id: newId(),
          wardId: w.id,
          code: `R${r}`,
          name: null,
          sexRestriction: null,
          isActive: true,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      if (!room) throw new Error('room insert returned nothing');
      rooms.push(room);
      const letters = 'ABCDEFGH'.slice(0, o.bedsPerRoom ?? 2).split('');
      const inserted = await tx
        .insert(bed)
        .values(
          letters.map((letter, i) => ({
            id: newId(),
            roomId: room.id,
            wardId: w.id,
            facilityId: o.facilityId,
            code: `R${r}-${letter}`,
            isolationCapable: i === 0,
            telemetry: false,
            bariatric: false,
            isActive: true,
            state: 'available' as const,
            stateSince: now,
            stayId: null,
            blockedReason: null,
            blockedUntil: null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .returning();
      beds.push(...inserted);
    }
    return { ward: w, rooms, beds };
  });
}
