package org.openanpr.audit;

import io.javalin.http.Context;

/**
 * Who a request's caller is, for the audit package's routes and hooks; the access package answers it
 * ({@code AccessFilter}), which authenticated the request.
 */
public interface Callers {
    /** The request's authenticated caller; throws the API's 401 when there is none. */
    Actor caller(Context ctx);

    /** The caller, if it may read the audit log; throws the API's 401 or 403 otherwise. */
    Actor auditor(Context ctx);
}
