import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

/**
 * katexWoff2Only drops the .woff and .ttf fallbacks from KaTeX's stylesheet: every webview the app
 * runs in reads woff2, and the binary embeds dist/, so only the 20 woff2 files are bundled.
 */
function katexWoff2Only(): Plugin {
  return {
    name: 'paperboy-katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css$/.test(id.split('?')[0] ?? '')) return null;
      return code.replace(
        /,\s*url\([^)]*\.woff\)\s*format\("woff"\)|,\s*url\([^)]*\.ttf\)\s*format\("truetype"\)/g,
        '',
      );
    },
  };
}

export default defineConfig({
  plugins: [katexWoff2Only(), svelte(), svelteTesting()],
  // Relative asset paths: the Wails asset server and `paperboy serve` both serve dist/ at the root,
  // but a relative base keeps the bundle movable.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Never inline assets as data: URLs: the CSP (default-src 'self') refuses data: fonts.
    assetsInlineLimit: 0,
  },
  // `vite` in frontend/ against a running `paperboy serve` (its default address): the API checks
  // Host and Origin, so the proxy presents the server's own.
  server: {
    proxy: {
      '/api': {
        target: 'http://127.0.0.1:8765',
        changeOrigin: true,
        headers: { origin: 'http://127.0.0.1:8765' },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.ts'],
  },
});
