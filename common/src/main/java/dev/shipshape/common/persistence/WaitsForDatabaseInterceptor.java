package dev.shipshape.common.persistence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs {@link WaitsForDatabase} methods through {@link DatabaseWait}. It sits outside
 * {@code @Transactional} (which has priority PLATFORM_BEFORE + 200), so every attempt gets a new
 * transaction; inside a transaction that is already open it only passes the call on, because the
 * one who opened it is the one who can run it again.
 */
@WaitsForDatabase
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class WaitsForDatabaseInterceptor {
  @AroundInvoke
  Object waitOutOutages(InvocationContext call) throws Exception {
    if (QuarkusTransaction.isActive()) {
      return call.proceed();
    }
    String what =
        call.getMethod().getDeclaringClass().getSimpleName() + "." + call.getMethod().getName();
    return DatabaseWait.call(what, call::proceed);
  }
}
