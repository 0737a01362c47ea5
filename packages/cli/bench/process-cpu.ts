/**
 * CPU seconds that running processes have spent so far, from `/proc/PID/stat` (Linux): for the
 * bench to say how much of a run's wall time went to the servers it talks to (Swift, whose
 * processes share the machine's cores with the CLI). Each process counts with its descendants
 * alive at the time of reading.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks a second, as `/proc` counts CPU time. */
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** User plus system CPU seconds of `pids` and their descendants; undefined off Linux. */
export function readProcessCpuSeconds(pids: readonly number[]): number | undefined {
  if (process.platform !== "linux") return undefined;
  let ticks = 0;
  const seen = new Set<number>();
  const visit = (pid: number) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    try {
      // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15
      for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" "))
        if (child.trim() !== "") visit(Number(child));
    } catch {
      // Gone since it was listed: what it spent is no longer countable, and small.
    }
  };
  for (const pid of pids) visit(pid);
  return ticks / TICKS;
}
