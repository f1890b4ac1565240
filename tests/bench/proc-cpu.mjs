// CPU time the kernel accounted to a browser's processes and threads (Linux /proc), for capture-cpu.bench.mjs.
// utime + stime in clock ticks (USER_HZ, 100 on Linux: 10 ms resolution), so a figure is a sum over many loads.
import { readdirSync, readFileSync } from 'node:fs';

export const TICK_MS = 10;

/** Pids of the direct children of `parent` (the browsers this process launched). */
export function childPids(parent = process.pid) {
  return allPids().filter((pid) => stat(pid)?.ppid === parent);
}

/** { total, worker }: CPU ticks of every process under `root` (the browser's tree), and of its extension service-worker threads. */
export function cpuTicks(root) {
  const children = new Map();
  for (const pid of allPids()) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const perProcess = new Map();
  let worker = 0;
  for (const pending = [root]; pending.length; ) {
    const pid = pending.pop();
    const s = stat(pid);
    if (s) perProcess.set(pid, s.ticks);
    pending.push(...(children.get(pid) ?? []));
    for (const tid of safe(() => readdirSync(`/proc/${pid}/task`)) ?? []) {
      // Chromium names the thread "ServiceWorker thread"; the kernel keeps 15 characters.
      if (safe(() => readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()) === 'ServiceWorker t') worker += stat(pid, tid)?.ticks ?? 0;
    }
  }
  return { perProcess, worker };
}

/** Ticks spent between two cpuTicks readings (a process that ended between them is lost: its last figures are not readable). */
export function spent(before, after) {
  let total = 0;
  for (const [pid, ticks] of after.perProcess) total += ticks - (before.perProcess.get(pid) ?? 0);
  return { total, worker: after.worker - before.worker };
}

function allPids() {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

function stat(pid, tid) {
  const text = safe(() => readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8'));
  if (!text) return undefined;
  // The command name (field 2) may hold spaces and parentheses: split after its closing parenthesis.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function safe(read) {
  try {
    return read();
  } catch {
    return undefined;
  }
}
