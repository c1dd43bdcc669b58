/*
 * Per-entity reads at fleet size, through the services the routes call (EntityAccess with a
 * catalog stand-in and an allow-all decision, no grant cache; PostureService, FindingsService):
 * the posture summary, the first page of findings in risk order and the first page of the
 * SBOM, each once for every sampled entity (different entities, so each read finds its rows
 * wherever the cache left them), one route at a time after a warm-up read of another entity.
 */
import type { Entity } from '@backstage/catalog-model';
import type { PostureStore } from '../src/database/PostureStore';
import { EntityAccess } from '../src/service/EntityAccess';
import { FindingsService } from '../src/service/FindingsService';
import { PostureService } from '../src/service/PostureService';
import {
  parseComponentQuery,
  parseVulnerabilityQuery,
} from '../src/service/queryParsing';
import {
  allowAll,
  silentAuditor,
  standInCatalog,
  userCredentials,
} from './scaleStandIns';
import type { CpuMeter } from './scaleCpu';
import { spread, timed, type Spread } from './scaleStats';
import { entityName } from './scorecardsFleet';

export interface ReadsResult {
  entities: number;
  posture: Spread;
  findings: Spread;
  sbom: Spread;
  /** Mean rows behind the sampled entities' pages. */
  meanFindings: number;
  meanComponents: number;
  /** The SBOM page timings, in sample order (the partitioning comparison pools them). */
  sbomTimes: number[];
}

export async function measureReads(options: {
  store: PostureStore;
  entities: Entity[];
  sample: number[];
  cpu?: CpuMeter;
}): Promise<ReadsResult> {
  const { store, entities, sample, cpu } = options;
  const access = new EntityAccess({
    catalog: standInCatalog(entities),
    permissions: allowAll,
    grantTtlMs: 0,
  });
  const posture = new PostureService({ access, auditor: silentAuditor, store });
  const findings = new FindingsService({ access, store });
  // The routes' defaults: risk order, open findings, 50 a page.
  const findingsQuery = parseVulnerabilityQuery({});
  const sbomQuery = parseComponentQuery({});
  const nameOf = (e: number) => ({
    kind: 'component',
    namespace: 'default',
    name: entityName(e),
  });
  type Name = ReturnType<typeof nameOf>;
  const read: Record<
    'posture' | 'findings' | 'sbom',
    (name: Name) => Promise<unknown>
  > = {
    posture: (name: Name) => posture.getPosture(name, userCredentials),
    findings: (name: Name) =>
      findings.listVulnerabilities(name, findingsQuery, userCredentials),
    sbom: (name: Name) => findings.listSbom(name, sbomQuery, userCredentials),
  };
  const times = {
    posture: [] as number[],
    findings: [] as number[],
    sbom: [] as number[],
  };
  const cpuMs = { posture: 0, findings: 0, sbom: 0 };
  let findingRows = 0;
  let componentRows = 0;
  // One route at a time over every sampled entity, so CPU can be read around each series.
  for (const kind of ['posture', 'findings', 'sbom'] as const) {
    await read[kind](nameOf(sample[0] === 1 ? 2 : 1)); // warm-up, another entity
    const cpuStart = cpu?.now() ?? 0;
    for (const e of sample) {
      const [answer, took] = await timed(() => read[kind](nameOf(e)));
      times[kind].push(took);
      const { totalCount } = answer as { totalCount?: number };
      if (kind === 'findings') findingRows += totalCount ?? 0;
      if (kind === 'sbom') componentRows += totalCount ?? 0;
    }
    cpuMs[kind] = ((cpu?.now() ?? 0) - cpuStart) / sample.length;
  }
  const withCpu = (kind: keyof typeof times) => ({
    ...spread(times[kind]),
    ...(cpu ? { cpu: cpuMs[kind] } : {}),
  });
  return {
    entities: sample.length,
    posture: withCpu('posture'),
    findings: withCpu('findings'),
    sbom: withCpu('sbom'),
    meanFindings: findingRows / sample.length,
    meanComponents: componentRows / sample.length,
    sbomTimes: times.sbom,
  };
}
