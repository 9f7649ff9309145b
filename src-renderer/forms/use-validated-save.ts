// The submit path the subscription and upstream forms share: validate with the shared schema (and the label editor's
// rows), save through the store, and put every refusal, the schema's or the server's, on its field.
import { useRef, useState, type RefObject } from 'react';
import type { z } from 'zod';
import type { SaveResult } from '../stores/errors.js';
import { fieldErrorsFromIssues, fieldErrorsFromMessage, type FieldErrors } from './field-errors.js';
import { labelRowProblem, type FilterDraft } from './filter-draft.js';
import { useFocusFirstInvalid } from './use-focus-first-invalid.js';

export interface ValidatedSave {
  formRef: RefObject<HTMLFormElement | null>;
  /** Messages by field path ('' for one that belongs to no field). */
  errors: FieldErrors;
  saving: boolean;
  /**
   * Validates `input`, whose filters were built from `draft`, and saves it with `save`. Returns the saved value, or
   * null when the input or the save was refused: the messages are then in `errors` and the first bad field has focus.
   */
  submit<T, R>(schema: z.ZodType<T>, input: unknown, draft: FilterDraft, save: (valid: T) => Promise<SaveResult<R>>): Promise<R | null>;
}

export function useValidatedSave(): ValidatedSave {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const focusFirstInvalid = useFocusFirstInvalid(formRef, errors);
  const refuse = (found: FieldErrors): null => {
    setErrors(found);
    focusFirstInvalid();
    return null;
  };

  const submit: ValidatedSave['submit'] = async (schema, input, draft, save) => {
    const parsed = schema.safeParse(input);
    const labelProblem = labelRowProblem(draft);
    if (!parsed.success || labelProblem) {
      const found = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, input);
      return refuse(labelProblem ? { ...found, 'filters.labels': labelProblem } : found);
    }
    setSaving(true);
    const result = await save(parsed.data);
    setSaving(false);
    if (!result.ok) return refuse(result.code === 'invalid_message' ? fieldErrorsFromMessage(result.message, input) : { '': result.message });
    setErrors({});
    return result.value;
  };
  return { formRef, errors, saving, submit };
}
