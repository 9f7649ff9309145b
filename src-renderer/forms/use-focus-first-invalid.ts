// After a refused submit, moves focus to the first field that carries a message (WCAG 3.3.1).
import { useEffect, useRef, type RefObject } from 'react';

export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, errors: object): () => void {
  const pending = useRef(false);
  useEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .invalid input');
    first?.focus();
  }, [errors, formRef]);
  return () => {
    pending.current = true;
  };
}
