import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type {
  ScorecardEntity,
  ScorecardGroup,
  ScorecardPage,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import type { Readable } from 'node:stream';
import type {
  GroupNumbers,
  ScorecardReader,
  ScorecardSelection,
} from '../../database/scorecardQueries';
import type { ReadableEntitiesResolver } from './readableEntities';
import type { ScorecardQuery } from './scorecardQuery';
import { scorecardsCsv } from './scorecardsCsv';

/** Entities listed on a page; the CSV export has no cap. */
export const MAX_LISTED_ENTITIES = 100;
/** Entities read per query while exporting. */
const EXPORT_PAGE_SIZE = 500;
/** The title of the whole selection's numbers when no group is drilled into. */
export const FLEET_TITLE = 'All entities';

function hasFilters(query: ScorecardQuery): boolean {
  return Object.values(query.filters).some(value => value !== undefined);
}

/** A ref's name, the title of a group whose entity has no facts recorded. */
function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * The fleet scorecards: grade counts, mean scores and check pass rates of the whole selection
 * (the fleet, or the group drilled into) and per owner group (each covering its descendant
 * groups), system or domain; the worst entities; the trend; and the
 * CSV export. Everything is limited, in SQL, to what the caller may read.
 */
export class ScorecardsService {
  private readonly now: () => Date;

  constructor(
    private readonly deps: {
      reader: ScorecardReader;
      readable: ReadableEntitiesResolver;
      /** The app's base URL, for each entity's Security tab link in the CSV. */
      appBaseUrl?: string;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  async getPage(
    query: ScorecardQuery,
    credentials: BackstageCredentials,
  ): Promise<ScorecardPage> {
    const { selection, everything } = await this.select(query, credentials);
    const now = this.now();
    // A system or domain drilled into has no groups below it.
    const hasChildren = query.group === undefined || query.groupBy === 'owner';
    const [whole, numbers, entities, trend] = await Promise.all([
      this.deps.reader.selectionNumbers(selection),
      hasChildren
        ? this.deps.reader.groupNumbers(selection)
        : Promise.resolve<GroupNumbers[]>([]),
      this.deps.reader.entityPage(selection, {
        limit: MAX_LISTED_ENTITIES,
        now,
      }),
      this.trend(query, selection, everything, now),
    ]);

    const children = numbers.filter(n => n.ref !== query.group);
    const titles = await this.deps.reader.recordedTitles([
      ...children.map(n => n.ref),
      ...(query.group ? [query.group] : []),
    ]);
    const titleOf = (ref: string) => titles.get(ref) ?? nameOf(ref);
    const byTitle = (a: ScorecardGroup, b: ScorecardGroup) =>
      a.title.localeCompare(b.title) || a.ref.localeCompare(b.ref);
    return {
      groupBy: query.groupBy,
      group: {
        ...whole,
        title: query.group === undefined ? FLEET_TITLE : titleOf(query.group),
      },
      groups: children
        .map(n => ({ ...n, title: titleOf(n.ref) }))
        .sort(byTitle),
      entities,
      // The same entities as the numbers: counted once, by the same query.
      totalEntities: whole.entities,
      trend,
    };
  }

  /** The selection's entities as CSV, worst first; nothing is read until the body is. */
  async exportCsv(
    query: ScorecardQuery,
    credentials: BackstageCredentials,
  ): Promise<{ fileName: string; body: Readable }> {
    const { selection } = await this.select(query, credentials);
    const pages = this.deps.reader.allEntities(selection, {
      pageSize: EXPORT_PAGE_SIZE,
      now: this.now(),
    });
    const day = DateTime.fromJSDate(this.now(), { zone: 'utc' }).toISODate();
    const scope = query.group ? `-${nameOf(query.group)}` : '';
    return {
      fileName: `scorecards-${query.groupBy}${scope}-${day}.csv`,
      body: scorecardsCsv(pages, entity => this.linkOf(entity)),
    };
  }

  /** Who may see what, and the drilled-into group, checked before anything is read. */
  private async select(
    query: ScorecardQuery,
    credentials: BackstageCredentials,
  ): Promise<{ selection: ScorecardSelection; everything: boolean }> {
    const readable = await this.deps.readable.resolve(credentials);
    if (
      query.group !== undefined &&
      !(await this.deps.reader.groupExists(query.groupBy, query.group))
    ) {
      throw new NotFoundError(
        `No ${query.groupBy} ${query.group} on the scorecards`,
      );
    }
    return {
      selection: {
        groupBy: query.groupBy,
        group: query.group,
        filters: query.filters,
        visible: readable.predicate,
      },
      everything: readable.everything,
    };
  }

  /**
   * The precomputed daily rollups when they count exactly the selection (nothing filtered,
   * nothing hidden from the caller); otherwise the selection's own daily snapshots.
   */
  private trend(
    query: ScorecardQuery,
    selection: ScorecardSelection,
    everything: boolean,
    now: Date,
  ): Promise<TrendPoint[]> {
    const fromDay = DateTime.fromJSDate(now, { zone: 'utc' })
      .minus({ days: query.days - 1 })
      .toISODate()!;
    if (everything && !hasFilters(query)) {
      return this.deps.reader.trendFromRollups({
        groupBy: query.groupBy,
        group: query.group,
        fromDay,
      });
    }
    return this.deps.reader.trendFromHistory(selection, fromDay);
  }

  private linkOf(entity: ScorecardEntity): string | null {
    try {
      const { kind, namespace, name } = parseEntityRef(entity.entityRef);
      const path = [namespace, kind, name].map(encodeURIComponent).join('/');
      const base = (this.deps.appBaseUrl ?? '').replace(/\/+$/, '');
      return `${base}/catalog/${path}/security`;
    } catch {
      return null;
    }
  }
}
