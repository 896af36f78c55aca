/**
 * Prometheus metrics: the registry the admin listener's {@code /metrics} scrapes, and a store decorator
 * that times every store operation.
 */
package org.acmedelegate.metrics;
