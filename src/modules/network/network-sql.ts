// The network module's tables as other modules' statements may use them (the feed, the audience of live
// events, notifications). Like the policies' SQL forms these take SQL expressions (a bound parameter or a
// column), never values; statements that bind values compose them with the `sql` tag.

/** A subquery of the networks `practitioner` is an active member of (as `networkId`). */
export function activeNetworkIdsSql(practitioner: string): string {
  return `SELECT m."networkId" FROM network_member m WHERE m."practitionerId" = ${practitioner} AND m."status" = 'ACTIVE'`;
}

/** TRUE when `practitioner` is an active member of the network `network`. */
export function isActiveMemberSql(network: string, practitioner: string): string {
  return `EXISTS (SELECT 1 FROM network_member m WHERE m."networkId" = ${network} AND m."practitionerId" = ${practitioner} AND m.status = 'ACTIVE')`;
}

/**
 * TRUE when one of the networks `networkIds` (a subquery) is the COUNTRY network of `country` or the
 * THEMATIC network of one of `areas` (a text[] expression).
 */
export function coversCountryOrAreaSql(networkIds: string, country: string, areas: string): string {
  return `EXISTS (SELECT 1 FROM network fn WHERE fn."id" IN (${networkIds})
       AND ((fn."kind" = 'COUNTRY' AND fn."countryCode" = ${country})
         OR (fn."kind" = 'THEMATIC' AND fn."thematicAreaCode" = ANY(${areas}))))`;
}

/** A subquery of the COUNTRY networks of the countries `countryCodes` (a text[] expression). */
export function countryNetworkIdsSql(countryCodes: string): string {
  return `SELECT n.id FROM network n WHERE n.kind = 'COUNTRY' AND n."countryCode" = ANY(${countryCodes})`;
}

/** A subquery of the active members of the networks `networkIds` (a subquery), as `practitionerId`. */
export function activeMemberIdsSql(networkIds: string): string {
  return `SELECT am."practitionerId" FROM network_member am WHERE am."networkId" IN (${networkIds}) AND am."status" = 'ACTIVE'`;
}

/**
 * A subquery of the networks covering `country` (its COUNTRY network) or one of `areas` (a text[]
 * expression: their THEMATIC networks), as `id`: the same networks as coversCountryOrAreaSql.
 */
export function coveringNetworkIdsSql(country: string, areas: string): string {
  return `SELECT cn."id" FROM network cn WHERE (cn."kind" = 'COUNTRY' AND cn."countryCode" = ${country})
    OR (cn."kind" = 'THEMATIC' AND cn."thematicAreaCode" = ANY(${areas}))`;
}
