import type { Platform } from '../platform/platform.js';

export interface DemoSeedResult {
  seeded: boolean;
  password: string;
  users: { email: string; roles: string[] }[];
}

/** Seeds the demo organization, facility, departments and one user per role. */
export async function seedDemo(_platform: Platform): Promise<DemoSeedResult> {
  await Promise.resolve();
  return { seeded: false, password: '', users: [] };
}
