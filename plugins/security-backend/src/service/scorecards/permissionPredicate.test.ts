import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogConditional as conditional,
  catalogRule as rule,
} from '../../__testUtils__/catalogDecisions';
import { allOf, decisionPredicate } from './permissionPredicate';

function translate(decision: PolicyDecision) {
  const untranslatable: Array<[string, string]> = [];
  const predicate = decisionPredicate(decision, (r, why) =>
    untranslatable.push([r, why]),
  );
  return { predicate, untranslatable };
}

describe('decisionPredicate', () => {
  it('ALLOW shows everything, DENY nothing', () => {
    expect(translate({ result: AuthorizeResult.ALLOW }).predicate).toEqual({
      const: true,
    });
    expect(translate({ result: AuthorizeResult.DENY }).predicate).toEqual({
      const: false,
    });
  });

  it('"owner only": IS_ENTITY_OWNER claims become the owner refs allowed', () => {
    const claims = ['user:default/alice', 'group:default/team-payments'];
    expect(translate(conditional(rule('IS_ENTITY_OWNER', { claims })))).toEqual(
      {
        predicate: { field: 'owner', values: claims },
        untranslatable: [],
      },
    );
  });

  it('keeps allOf, anyOf and not', () => {
    const { predicate, untranslatable } = translate(
      conditional({
        allOf: [
          rule('IS_ENTITY_KIND', { kinds: ['Component', 'Resource'] }),
          {
            anyOf: [
              rule('HAS_METADATA', { key: 'tags', value: 'pci' }),
              rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }),
            ],
          },
          { not: rule('HAS_ANNOTATION', { annotation: 'posture.dev/policy' }) },
        ],
      }),
    );
    expect(untranslatable).toEqual([]);
    expect(predicate).toEqual({
      all: [
        { field: 'kind', values: ['Component', 'Resource'] },
        {
          any: [{ tag: 'pci' }, { field: 'lifecycle', values: ['production'] }],
        },
        { not: { field: 'policy' } },
      ],
    });
  });

  it.each([
    [
      'HAS_METADATA name',
      rule('HAS_METADATA', { key: 'name', value: 'api' }),
      { field: 'name', values: ['api'] },
    ],
    [
      'HAS_METADATA namespace',
      rule('HAS_METADATA', { key: 'Namespace', value: 'default' }),
      { field: 'namespace', values: ['default'] },
    ],
    ['HAS_METADATA tags (any)', rule('HAS_METADATA', { key: 'tags' }), {}],
    [
      'HAS_SPEC lifecycle (set)',
      rule('HAS_SPEC', { key: 'lifecycle' }),
      { field: 'lifecycle' },
    ],
    [
      'HAS_SPEC owner (set)',
      rule('HAS_SPEC', { key: 'owner' }),
      { field: 'owner' },
    ],
    [
      'HAS_SPEC system (set)',
      rule('HAS_SPEC', { key: 'system' }),
      { field: 'system' },
    ],
    [
      'HAS_ANNOTATION posture.dev/policy',
      rule('HAS_ANNOTATION', {
        annotation: 'posture.dev/policy',
        value: 'strict',
      }),
      { field: 'policy', values: ['strict'] },
    ],
  ])('translates %s', (_, condition, expected) => {
    expect(translate(conditional(condition))).toEqual({
      predicate: expected,
      untranslatable: [],
    });
  });

  describe('fails closed on what the stored facts cannot answer', () => {
    it.each([
      ['a rule of another plugin', rule('IS_OWNER_OF_TEMPLATE', {})],
      ['a label', rule('HAS_LABEL', { label: 'tier' })],
      [
        'another annotation',
        rule('HAS_ANNOTATION', { annotation: 'backstage.io/techdocs-ref' }),
      ],
      [
        'metadata.title (stored with the name as fallback)',
        rule('HAS_METADATA', { key: 'title' }),
      ],
      [
        'spec.owner with a value (as written, not a ref)',
        rule('HAS_SPEC', { key: 'owner', value: 'team-a' }),
      ],
      ['spec.type', rule('HAS_SPEC', { key: 'type', value: 'service' })],
      [
        'claims that are not a list',
        rule('IS_ENTITY_OWNER', { claims: 'group:default/a' }),
      ],
      [
        'a condition on another resource type',
        {
          rule: 'IS_ENTITY_KIND',
          resourceType: 'scaffolder-template',
          params: { kinds: ['x'] },
        },
      ],
    ])('%s denies, and is reported', (_, condition) => {
      const { predicate, untranslatable } = translate(conditional(condition));
      expect(predicate).toEqual({ const: false });
      expect(untranslatable).toHaveLength(1);
    });

    it('under a NOT it is taken as matching, so the NOT still hides', () => {
      const { predicate } = translate(
        conditional({ not: rule('HAS_LABEL', { label: 'internal' }) }),
      );
      // not(true): nothing is shown, where not(false) would have shown everything.
      expect(predicate).toEqual({ not: { const: true } });
    });

    it('inside anyOf it drops only its own branch; under two NOTs it denies again', () => {
      expect(
        translate(
          conditional({
            anyOf: [
              rule('HAS_LABEL', { label: 'x' }),
              rule('IS_ENTITY_OWNER', { claims: ['group:default/a'] }),
            ],
          }),
        ).predicate,
      ).toEqual({
        any: [
          { const: false },
          { field: 'owner', values: ['group:default/a'] },
        ],
      });
      expect(
        translate(
          conditional({ not: { not: rule('HAS_LABEL', { label: 'x' }) } }),
        ).predicate,
      ).toEqual({ not: { not: { const: false } } });
    });

    it('conditions for a resource type other than catalog entities deny everything', () => {
      const { predicate, untranslatable } = translate({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-template',
        conditions: rule('HAS_TAG', { tag: 'x' }),
      });
      expect(predicate).toEqual({ const: false });
      expect(untranslatable).toHaveLength(1);
    });
  });
});

describe('allOf', () => {
  it('folds ALLOW away and lets DENY win', () => {
    const owner = { field: 'owner' as const, values: ['group:default/a'] };
    expect(allOf([{ const: true }, { const: true }])).toEqual({ const: true });
    expect(allOf([{ const: true }, owner])).toEqual(owner);
    expect(allOf([owner, { const: false }])).toEqual({ const: false });
    expect(allOf([owner, { tag: 'x' }])).toEqual({
      all: [owner, { tag: 'x' }],
    });
  });
});
