/**
 * The broker's admin API as Java: its JSON shapes as records (snake_case on the wire) and {@link
 * uk.civicid.console.api.AdminApi}, the one client that calls it with the signed-in person's access token.
 */
package uk.civicid.console.api;
