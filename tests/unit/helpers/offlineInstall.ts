// Installs a packed maskscope tarball into an empty project without the network. `npm ci
// --offline` with a lockfile needs no registry metadata, only the dependencies' tarballs in the
// npm cache (the repository's own `npm ci` put them there); their versions and integrity come
// from the repository's package-lock.json, as they would from a user's lockfile.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
}

/** The repository's lockfile entries of `names` and of everything they depend on, at runtime. */
function runtimeClosure(
  names: readonly string[],
  lockPackages: Record<string, LockEntry>,
): Record<string, LockEntry> {
  const entries: Record<string, LockEntry> = {};
  const pending = [...names];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const key = `node_modules/${name}`;
    if (key in entries) continue;
    if (lockPackages[key] === undefined) throw new Error(`${name} is not in package-lock.json`);
    // Copies nested node_modules too, where the lockfile placed a second version.
    for (const [path, nested] of Object.entries(lockPackages)) {
      if (path !== key && !path.startsWith(`${key}/node_modules/`)) continue;
      const entry = { ...nested };
      delete entry['dev'];
      delete entry['devOptional'];
      entries[path] = entry;
      pending.push(...Object.keys(nested.dependencies ?? {}));
    }
  }
  return entries;
}

/** Packs the repository into `dir` (running its prepack build) and returns the tarball's path. */
export function packRepository(dir: string): string {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .trim()
    .split('\n')
    .at(-1);
  if (name === undefined) throw new Error('npm pack named no tarball');
  return join(dir, name);
}

/** Makes `dir/project`, installs the tarball there with `npm ci --offline`, returns the folder. */
export function installOffline(tarball: string, dir: string): string {
  const repoManifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
  const repoLock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const project = join(dir, 'project');
  mkdirSync(project);
  const spec = `file:../${basename(tarball)}`;
  const manifest = { name: 'user-project', version: '1.0.0', private: true };
  const dependencies = { [repoManifest.name]: spec };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const runtime = repoManifest.dependencies ?? {};
  const packages = {
    '': { ...manifest, dependencies },
    [`node_modules/${repoManifest.name}`]: {
      version: repoManifest.version,
      resolved: spec,
      integrity,
      dependencies: runtime,
      bin: repoManifest.bin,
    },
    ...runtimeClosure(Object.keys(runtime), repoLock.packages),
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify({ ...manifest, dependencies }));
  const lock = { ...manifest, lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock, null, 1));
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], {
    cwd: project,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return project;
}
