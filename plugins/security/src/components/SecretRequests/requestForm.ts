import {
  secretRequestPath,
  validateSecretRequestInput,
  type SecretRequestInput,
  type SecretRequestKind,
} from '@posture/backstage-plugin-security-common';

/** The form as typed: text boxes hold strings, the service picker may be empty. */
export interface RequestFormValues {
  entityRef: string | null;
  kind: SecretRequestKind;
  name: string;
  rotationPeriodDays: string;
  justification: string;
}

export type RequestFormField = keyof RequestFormValues;

export const FORM_FIELDS: readonly RequestFormField[] = [
  'entityRef',
  'kind',
  'name',
  'rotationPeriodDays',
  'justification',
];

export type FieldProblems = Partial<Record<RequestFormField, string>>;

/** What to do when a field is empty, next to that field. */
const REQUIRED: Record<RequestFormField, string> = {
  entityRef: 'Choose the service the secret is for.',
  kind: 'Choose what to provision.',
  name: 'Name the secret.',
  rotationPeriodDays: 'Say how often it is rotated, in days.',
  justification: 'Say why the service needs it.',
};

function isFormField(field: string): field is RequestFormField {
  return (FORM_FIELDS as readonly string[]).includes(field);
}

/**
 * The schema's message for a field, worded for a person reading it next to that field:
 * "name must be 1 to 64 letters…" becomes "Must be 1 to 64 letters…".
 */
export function fieldMessage(field: RequestFormField, message: string): string {
  if (message === `${field} is required`) {
    return REQUIRED[field];
  }
  if (message.startsWith(`${field} `)) {
    const rest = message.slice(field.length + 1);
    return `${rest.charAt(0).toUpperCase()}${rest.slice(1)}.`;
  }
  return message;
}

/**
 * The fields a backend refusal is about, each with its own part: the server's 400 joins one
 * problem per field with "; ", each starting with the field's name (the shared schema's
 * wording), so the refusal lands next to the fields too.
 */
export function problemsOfMessage(message: string): FieldProblems {
  const problems: FieldProblems = {};
  for (const part of message.split('; ')) {
    const first = part.split(/[\s:]/, 1)[0];
    if (isFormField(first) && !problems[first]) {
      problems[first] = part;
    }
  }
  return problems;
}

/**
 * Validates the form with the backend's own schema (security-common's
 * secretRequestInputSchema): the request to send, or each field's problem.
 */
export function validateRequestForm(
  values: RequestFormValues,
): { input: SecretRequestInput } | { problems: FieldProblems } {
  const days = values.rotationPeriodDays.trim();
  const result = validateSecretRequestInput({
    entityRef: values.entityRef ?? undefined,
    kind: values.kind,
    name: values.name === '' ? undefined : values.name,
    rotationPeriodDays: days === '' ? undefined : Number(days),
    justification:
      values.justification.trim() === '' ? undefined : values.justification,
  });
  if (result.success) {
    return { input: result.data };
  }
  const problems: FieldProblems = {};
  for (const problem of result.problems) {
    if (isFormField(problem.field) && !problems[problem.field]) {
      problems[problem.field] = fieldMessage(problem.field, problem.message);
    }
  }
  const length = values.justification.trim().length;
  if (
    problems.justification &&
    length > 0 &&
    !/NUL/.test(problems.justification)
  ) {
    problems.justification = `${problems.justification.replace(
      /\.$/,
      '',
    )} (${length} now).`;
  }
  return { problems };
}

/**
 * Where the secret will live in Vault, derived the way the backend derives it, or null while
 * the service or name cannot make a path yet.
 */
export function previewPath(values: RequestFormValues): string | null {
  if (!values.entityRef || !values.name) {
    return null;
  }
  try {
    return secretRequestPath({
      entityRef: values.entityRef,
      name: values.name,
      kind: values.kind,
    }).path;
  } catch {
    return null;
  }
}
