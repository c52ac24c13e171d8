import { readFileSync } from 'node:fs';

/**
 * This process's children, read from /proc: which processes a piece of code started (the transcoder's ffmpeg,
 * its spare), without hooks in the code under test. Children started from the main thread only.
 */
export function childPids(): number[] {
  const text = readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim();
  return text ? text.split(' ').map(Number) : [];
}

/** A process's command line, its arguments joined by spaces; empty once it has gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
