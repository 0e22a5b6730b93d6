/**
 * The browser- and app-facing edge of sign-in: the built-in OAuth 2 / OpenID Connect authorization
 * server (Spring Security's) speaking SMART App Launch 2, its sign-in, one-time-code and patient
 * pages, and the SMART discovery document. Who may sign in is decided in
 * {@link org.custodian.account}; what a token reaches, in {@link org.custodian.access}.
 */
@NullMarked
package org.custodian.web;

import org.jspecify.annotations.NullMarked;
