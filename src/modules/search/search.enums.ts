import { registerEnumType } from 'type-graphql';

/** The kinds of record search finds (one per search provider). */
export enum SearchResultType {
  POST = 'POST',
  COMMENT = 'COMMENT',
  LEGAL_DEVELOPMENT = 'LEGAL_DEVELOPMENT',
  INSTRUMENT = 'INSTRUMENT',
  CENTRAL_AUTHORITY = 'CENTRAL_AUTHORITY',
  PRACTITIONER = 'PRACTITIONER',
  NETWORK = 'NETWORK',
  LIVE_EVENT = 'LIVE_EVENT',
  COURSE = 'COURSE',
  PUBLICATION = 'PUBLICATION',
}
registerEnumType(SearchResultType, {
  name: 'SearchResultType',
  description: 'A kind of record search finds.',
  valuesConfig: {
    POST: { description: 'Good-practice posts (title, summary, body).' },
    COMMENT: { description: 'Comments on posts (in their post’s language).' },
    LEGAL_DEVELOPMENT: { description: 'Legal developments (title, summary, body, citation).' },
    INSTRUMENT: { description: 'Instruments (title, short name, depositary).' },
    CENTRAL_AUTHORITY: { description: 'Central authorities (name, legal basis, address).' },
    PRACTITIONER: { description: 'Practitioners (name, organisation, position, biography).' },
    NETWORK: { description: 'Networks (name, description).' },
    LIVE_EVENT: { description: 'Live events (title, summary, description).' },
    COURSE: { description: 'Courses (title, summary, description).' },
    PUBLICATION: { description: 'Publications’ metadata (title, summary, symbol, ISBN).' },
  },
});

/** Which part of a hit a highlight comes from. */
export enum SearchHighlightField {
  TITLE = 'title',
  BODY = 'body',
}
registerEnumType(SearchHighlightField, {
  name: 'SearchHighlightField',
  description: 'The part of a hit a highlight was cut from.',
  valuesConfig: {
    TITLE: { description: 'The title (a person’s, network’s or authority’s name), whole.' },
    BODY: {
      description: 'A fragment of the text (summary, body, profile, description) around the first match.',
    },
  },
});
