// Runs the built `incident-relay serve` with any flags (http or https) and reports its URL, output and exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('dist/src-main/headless/cli.js');

export interface CliServer {
  url: string;
  port: number;
  token: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, wait for the exit, remove the data dir. */
  stop(): Promise<void>;
}

/** Runs a command of the CLI to completion (for flags that must not start a server). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`incident-relay ${args.join(' ')} still running after ${timeoutMs} ms: ${stdout} ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Starts `serve --port 0` in a fresh data dir and waits for the printed publish token line. */
export async function startCliServer(flags: string[]): Promise<CliServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ir-sec-cli-'));
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, '--no-journal', '--log-level', 'warn', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 20_000);
      child.stdout!.on('data', () => {
        const m = /listening on (https?:\/\/\S+)[\s\S]*publish token:.*\n/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolvePromise(m[1]!);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`serve exited: ${out} ${err}`));
      });
    });
    return {
      url, port: Number(new URL(url).port), token: readFileSync(join(dataDir, 'publish-token'), 'utf8').trim(),
      stdout: () => out, stderr: () => err, stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
