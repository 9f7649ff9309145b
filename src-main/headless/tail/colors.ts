// Terminal colour for `tail`: whether to paint (--color, NO_COLOR, a TTY) and the ANSI styles per severity.

export type ColorMode = 'always' | 'never' | 'auto';

/** `auto` paints only when stdout is a terminal and NO_COLOR is unset or empty (https://no-color.org). */
export function useColor(mode: ColorMode, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (mode !== 'auto') return mode === 'always';
  return isTTY && !env.NO_COLOR;
}

const STYLES = {
  P0: '\x1b[1;97;41m', // bold white on red: the one to see from across the room
  P1: '\x1b[1;31m',
  P2: '\x1b[33m',
  P3: '\x1b[36m',
  P4: '\x1b[2m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  good: '\x1b[32m',
} as const;

export type Style = keyof typeof STYLES;

export interface Painter {
  (style: Style | string | undefined, text: string): string;
}

/** A painter that wraps text in the style's escape codes, or leaves it as is when colour is off or the style unknown. */
export function painter(enabled: boolean): Painter {
  return (style, text) => {
    const code = enabled && style ? (STYLES as Record<string, string>)[style] : undefined;
    return code ? `${code}${text}\x1b[0m` : text;
  };
}
