import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Duration } from 'luxon';
import { invalidConfig } from '@posture/backstage-plugin-security-node';
import { InputError } from '@backstage/errors';
import {
  parseCheck,
  parseEntityRefField,
  parseFindingId,
  parseJustification,
} from './exemptionInput';
import type { DemoExemption } from './DemoExemptionSeeder';

type HumanDuration = ReturnType<typeof readDurationFromConfig>;

export interface ExemptionConfig {
  /** How often the expiry pass runs (`security.exemptions.expiryFrequency`). */
  expiryFrequency: SchedulerServiceTaskScheduleDefinition['frequency'];
  /** `security.demo.exemptions`: example requests and decisions, for the demo only. */
  demoExemptions: DemoExemption[];
}

const FREQUENCY_KEY = 'security.exemptions.expiryFrequency';
const DEMO_KEY = 'security.demo.exemptions';

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readExemptionConfig(config: Config): ExemptionConfig {
  return {
    expiryFrequency: readFrequency(config),
    demoExemptions: (config.getOptionalConfigArray(DEMO_KEY) ?? []).map(
      (item, index) => readDemoExemption(item, `${DEMO_KEY}[${index}]`),
    ),
  };
}

function readFrequency(config: Config): HumanDuration {
  if (!config.has(FREQUENCY_KEY)) {
    return { minutes: 5 };
  }
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key: FREQUENCY_KEY });
  } catch (error) {
    return invalidConfig(FREQUENCY_KEY, (error as Error).message);
  }
  if (!(Duration.fromObject(duration).toMillis() > 0)) {
    invalidConfig(FREQUENCY_KEY, 'the expiry pass needs a frequency above 0');
  }
  return duration;
}

function readDemoExemption(item: Config, key: string): DemoExemption {
  const field = <T>(name: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      const why =
        error instanceof InputError
          ? error.message
          : (error as Error).message.replace(
              /^Invalid type in config.*?, /,
              '',
            );
      return invalidConfig(`${key}.${name}`, why);
    }
  };
  const check = field('check', () => parseCheck(item.getString('check')));
  const refField = (name: string) =>
    field(name, () =>
      stringifyEntityRef(parseEntityRefField(item.getString(name))),
    );
  const requester = refField('requester');
  const approver = item.has('approver') ? refField('approver') : undefined;
  if (approver === requester) {
    invalidConfig(
      `${key}.approver`,
      'nobody may approve their own exemption; name another user',
    );
  }
  const expiresInDays = field('expiresInDays', () =>
    item.getNumber('expiresInDays'),
  );
  if (!(expiresInDays > 0)) {
    invalidConfig(`${key}.expiresInDays`, `${expiresInDays} must be above 0`);
  }
  return {
    entityRef: refField('entityRef'),
    check,
    findingId: field('findingId', () =>
      parseFindingId(item.getOptionalString('findingId'), check),
    ),
    justification: field('justification', () =>
      parseJustification(item.getString('justification')),
    ),
    requester,
    approver,
    expiresInDays,
  };
}
