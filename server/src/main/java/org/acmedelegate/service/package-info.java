/**
 * The use cases: what an account can do through the API ({@link org.acmedelegate.service.AccountService})
 * and what an administrator can do to accounts ({@link org.acmedelegate.service.AccountAdministration}).
 * Every change is committed to the store and then published to the DNS index under one lock, so DNS
 * answers it before the caller hears it was accepted.
 */
package org.acmedelegate.service;
