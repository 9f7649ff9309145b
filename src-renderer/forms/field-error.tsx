// The inline message under a form field; its id is what the field's aria-describedby points to.
export const errorId = (fieldId: string): string => `${fieldId}-error`;

export function FieldError({ fieldId, message }: { fieldId: string; message: string | undefined }) {
  if (!message) return null;
  return <p id={errorId(fieldId)} className="field-error">{message}</p>;
}

/** The aria attributes of a field that may carry an inline message. */
export function invalidProps(fieldId: string, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': errorId(fieldId) } : {};
}
