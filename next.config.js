// Next.js configuration for Tune Arena. ESM because package.json has "type": "module".
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Pin the workspace root: other lockfiles above /work would otherwise confuse Turbopack's guess.
  turbopack: { root },
  // `npm test` type-checks the whole repo with tsc first; repeating it inside `next build` doubles
  // the build time on a 2-core machine and fails the UI build on another module's mid-edit error.
  // Next rewrites the tsconfig it is given to add its generated-types globs; pointing it at this
  // extension keeps the repo's tsconfig.json untouched by every build.
  typescript: { ignoreBuildErrors: true, tsconfigPath: 'app/tsconfig.next.json' },
  // The wasm binaries are copied to public/tfjs by scripts/prepare-assets.ts; they never change
  // within a build, and browsers stream-compile them only with the right content type.
  async headers() {
    return [
      {
        source: '/tfjs/:file*',
        headers: [{ key: 'Cache-Control', value: 'public, max-age=3600' }],
      },
    ];
  },
};

export default nextConfig;
