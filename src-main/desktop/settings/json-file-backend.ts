// A SettingsBackend over one JSON file with atomic replace: the tests' backend and a fallback without Electron.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { moveAside, type SettingsBackend } from './settings-backend.js';

export class JsonFileBackend implements SettingsBackend {
  constructor(readonly path: string) {}

  read(): unknown {
    if (!existsSync(this.path)) return undefined;
    return JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
  }

  write(doc: Record<string, unknown>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.path);
  }

  keepAside(): string | undefined {
    return moveAside(this.path);
  }
}
