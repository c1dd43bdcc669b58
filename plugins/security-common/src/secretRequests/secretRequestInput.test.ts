import {
  secretRequestInputSchema,
  validateSecretRequestInput,
} from './secretRequestInput';

const valid = {
  entityRef: 'component:default/payments',
  kind: 'kv',
  name: 'stripe-api_key',
  rotationPeriodDays: 90,
  justification: '  Needed to call the payment provider.  ',
};

const problemsOf = (body: unknown) => {
  const result = validateSecretRequestInput(body);
  if (result.success) {
    throw new Error('expected the body to be refused');
  }
  return result.problems;
};

describe('secretRequestInputSchema', () => {
  it('accepts a request, trimming the justification', () => {
    expect(validateSecretRequestInput(valid)).toEqual({
      success: true,
      data: { ...valid, justification: 'Needed to call the payment provider.' },
    });
  });

  it('accepts both kinds and the rotation bounds', () => {
    for (const [kind, days] of [
      ['database-role', 1],
      ['kv', 365],
    ] as const) {
      expect(
        secretRequestInputSchema.safeParse({
          ...valid,
          kind,
          rotationPeriodDays: days,
        }).success,
      ).toBe(true);
    }
  });

  it.each([
    ['', 'name'],
    ['.', 'name'],
    ['..', 'name'],
    ['a/b', 'name'],
    ['a\\b', 'name'],
    ['db.password', 'name'],
    ['a'.repeat(65), 'name'],
    ['naïve', 'name'],
    ['with space', 'name'],
  ])('refuses the name %j', (name, field) => {
    expect(problemsOf({ ...valid, name })).toEqual([
      {
        field,
        message:
          'name must be 1 to 64 letters, digits, - or _ (no dots or slashes)',
      },
    ]);
  });

  it('accepts a 64-character name', () => {
    expect(
      secretRequestInputSchema.safeParse({ ...valid, name: 'a'.repeat(64) })
        .success,
    ).toBe(true);
  });

  it.each([0, 366, 1.5, '30', -1, Number.NaN])(
    'refuses rotationPeriodDays %p',
    rotationPeriodDays => {
      expect(problemsOf({ ...valid, rotationPeriodDays })).toEqual([
        {
          field: 'rotationPeriodDays',
          message:
            'rotationPeriodDays must be a whole number of days from 1 to 365',
        },
      ]);
    },
  );

  it.each([
    'payments',
    'component:payments',
    'default/payments',
    'component:default/',
    'component:default/a/b',
    'component:default/pay\u0000ments',
  ])('refuses the entity ref %j', entityRef => {
    expect(problemsOf({ ...valid, entityRef })[0].field).toBe('entityRef');
  });

  it('refuses a justification shorter than 10 characters once trimmed, longer than 2000, or with NUL', () => {
    for (const justification of [
      '   too short   ',
      'x'.repeat(2001),
      'ten characters\u0000 and a NUL',
    ]) {
      expect(problemsOf({ ...valid, justification })).toEqual([
        {
          field: 'justification',
          message: expect.stringMatching(
            /^justification must (be 10 to 2000 characters|not contain NUL)/,
          ),
        },
      ]);
    }
  });

  it('refuses an unknown kind', () => {
    expect(problemsOf({ ...valid, kind: 'pki' })).toEqual([
      { field: 'kind', message: 'kind must be one of kv, database-role' },
    ]);
  });

  it('refuses a body carrying a value, naming the field', () => {
    const [problem] = problemsOf({ ...valid, value: 'hunter2' });
    expect(problem.field).toBe('');
    expect(problem.message).toMatch(/unknown field\(s\) value/);
  });

  it('names every missing field, and refuses a body that is not an object', () => {
    expect(problemsOf({}).map(p => p.field)).toEqual([
      'entityRef',
      'kind',
      'name',
      'rotationPeriodDays',
      'justification',
    ]);
    expect(problemsOf('kv')).toEqual([
      {
        field: '',
        message: expect.stringContaining('must be a JSON object'),
      },
    ]);
  });
});
