package dev.shipshape.common.persistence;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated bean's methods wait out a database outage ({@link DatabaseWait}) instead of
 * failing. For work that is safe to run again: each attempt runs in a transaction of its own.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WaitsForDatabase {}
