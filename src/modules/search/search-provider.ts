import type { ClassType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { SqlViewer } from '../../common/auth/policy';

/** What a provider says about one record: its text and the facts the filters use. */
export interface SearchSource {
  recordId: string;
  /** ISO 639-1 code of the text; '' when the record has no language (names, reference data). */
  language: string;
  title: string;
  body: string;
  /** Names matched by prefix and trigram (a person's, a network's, an authority's), or null. */
  names: string | null;
  countryCodes: string[];
  thematicAreaCodes: string[];
  networkIds: string[];
  date: Date | string | null;
  /**
   * Practitioners whose block with a viewer can hide the record from that viewer in the type's read policy
   * (its author; a comment's author and its post's author); empty when the policy has no block rule. The
   * search tests compare the shortcut these make with the policy (search-access.test.ts).
   */
  blockParties: string[];
}

/**
 * One searchable type: how its records become documents and which of them a viewer may open. Adding a
 * type (courses, publications) is one provider in `SEARCH_PROVIDERS` (search-providers.ts), one value of
 * `SearchResultType` and one trigger line in a migration (the table whose writes mark its records dirty).
 */
export interface SearchProvider {
  /** The `SearchResultType` value (the API's filter and count key). */
  kind: string;
  /** The Node type name: stored in `search_document.type`, and how `node(id:)` fetches a hit. */
  nodeType: string;
  /** The GraphQL object type (a member of the `SearchResult` union). */
  objectType: () => ClassType;
  /** The documents of these records, whatever their state (the read policy decides at search time). */
  documents(manager: EntityManager, ids: string[]): Promise<SearchSource[]>;
  /**
   * The type's read policy as an SQL condition on the record whose id is the expression `recordId`: built
   * from the owning module's policy SQL form, never new visibility rules.
   */
  readSql(v: SqlViewer, recordId: string): string;
  /**
   * SQL, with no viewer: the record whose id is the expression `recordId` is in its published, visible state
   * (not a draft, not awaiting review, not hidden): the owning module's `listed…Sql`. Saved searches tell of
   * records in this state only, and the indexer records when a record enters it.
   */
  listedSql(recordId: string): string;
}
