/*
 * Per-entity reads at fleet size, through the services the routes call (EntityAccess with a
 * catalog stand-in and an allow-all decision, no grant cache; PostureService, FindingsService):
 * the posture summary, the first page of findings in risk order and the first page of the
 * SBOM, each once for every sampled entity (different entities, so each read finds its rows
 * wherever the cache left them), after one warm-up read of another entity.
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
}): Promise<ReadsResult> {
  const { store, entities, sample } = options;
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
  const times = {
    posture: [] as number[],
    findings: [] as number[],
    sbom: [] as number[],
  };
  let findingRows = 0;
  let componentRows = 0;
  const readAll = async (e: number, record: boolean) => {
    const name = nameOf(e);
    const [, p] = await timed(() => posture.getPosture(name, userCredentials));
    const [f, fMs] = await timed(() =>
      findings.listVulnerabilities(name, findingsQuery, userCredentials),
    );
    const [s, sMs] = await timed(() =>
      findings.listSbom(name, sbomQuery, userCredentials),
    );
    if (!record) return;
    times.posture.push(p);
    times.findings.push(fMs);
    times.sbom.push(sMs);
    findingRows += f.totalCount;
    componentRows += s.totalCount;
  };
  await readAll(sample[0] === 1 ? 2 : 1, false);
  for (const e of sample) {
    await readAll(e, true);
  }
  return {
    entities: sample.length,
    posture: spread(times.posture),
    findings: spread(times.findings),
    sbom: spread(times.sbom),
    meanFindings: findingRows / sample.length,
    meanComponents: componentRows / sample.length,
    sbomTimes: times.sbom,
  };
}
