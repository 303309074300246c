// Preloaded into the Doorstep process of the proxy row (node --import), never part of the app:
// on SIGUSR2 it prints, for the time since the previous SIGUSR2, the event loop's utilisation,
// the CPU the process used (in cores), and the event loop's delay. An event loop busy all the
// time (utilisation near 1) while the process uses well under one core is waiting inside
// synchronous calls (disk I/O), not computing.

import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let elu = performance.eventLoopUtilization();
let cpu = process.cpuUsage();
let since = performance.now();
let seq = 0;

process.on('SIGUSR2', () => {
  const e = performance.eventLoopUtilization(elu);
  const c = process.cpuUsage(cpu);
  const ms = performance.now() - since;
  const report = {
    seq: ++seq,
    elu: e.utilization,
    cores: (c.user + c.system) / 1000 / ms,
    delayP50Ms: delay.percentile(50) / 1e6,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayMaxMs: delay.max / 1e6,
  };
  process.stdout.write(`BENCH_LOOP ${JSON.stringify(report)}\n`);
  delay.reset();
  elu = performance.eventLoopUtilization();
  cpu = process.cpuUsage();
  since = performance.now();
});
