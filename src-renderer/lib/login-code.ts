// Reads the one-time login code out of what a person pastes into the sign-in page: a console URL or the bare code.

/** The code in `text` (a URL with `?code=`, or the code itself), or null when it is neither. */
export function loginCodeFrom(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      return new URL(trimmed).searchParams.get('code')?.trim() || null;
    } catch {
      return null;
    }
  }
  const bare = trimmed.startsWith('code=') ? trimmed.slice('code='.length) : trimmed;
  return /^[\w-]{16,256}$/.test(bare) ? bare : null;
}
