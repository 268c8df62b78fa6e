/**
 * The bed codes a short entry stands for, in a room: "A-D" -> 401-A, 401-B, 401-C, 401-D;
 * "1-3" -> 401-1, 401-2, 401-3; "A, C" -> 401-A, 401-C; "" -> the room's code alone (a
 * single room). Null when the entry cannot be read or names more than `max` beds.
 */
export function expandBedCodes(roomCode: string, entry: string, max = 26): string[] | null {
  const text = entry.trim().toUpperCase();
  if (text === '') return [roomCode];
  const out: string[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const range = /^([A-Z]|\d{1,2})-([A-Z]|\d{1,2})$/.exec(part);
    if (range) {
      const [from, to] = [range[1]!, range[2]!];
      const letters = /[A-Z]/.test(from);
      if (letters !== /[A-Z]/.test(to)) return null;
      const a = letters ? from.charCodeAt(0) : Number(from);
      const b = letters ? to.charCodeAt(0) : Number(to);
      if (b < a || b - a >= max) return null;
      for (let i = a; i <= b; i += 1) {
        out.push(`${roomCode}-${letters ? String.fromCharCode(i) : String(i)}`);
      }
    } else if (/^[A-Z0-9]{1,3}$/.test(part)) {
      out.push(`${roomCode}-${part}`);
    } else {
      return null;
    }
  }
  const unique = [...new Set(out)];
  return unique.length > 0 && unique.length <= max ? unique : null;
}
