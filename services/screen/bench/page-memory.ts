import type { CDPSession } from 'playwright-core';

/**
 * A page's JS heap after a full garbage collection — the lowest of three readings 1 s apart, so a
 * payload being parsed or a chart animation in flight does not count — with its DOM nodes and
 * event listeners, read over the Chrome DevTools Protocol. The soak and the update churn measure
 * the same way, so their figures compare.
 */
export async function pageMemory(cdp: CDPSession): Promise<{ used: number; nodes: number; listeners: number }> {
  let used = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    if (i) await new Promise((r) => setTimeout(r, 1000));
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    used = Math.min(used, (await cdp.send('Runtime.getHeapUsage')).usedSize);
  }
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { used, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}
