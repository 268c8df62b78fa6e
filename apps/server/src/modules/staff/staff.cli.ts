import type { Command } from 'commander';

/** `meridian user create ...`: filled in with the staff service. */
export function registerUserCommands(
  _program: Command,
  _log: (msg: string) => void,
  _fail: (err: unknown) => never,
): void {}
