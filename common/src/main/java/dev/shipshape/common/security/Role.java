package dev.shipshape.common.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a REST method needs when the default is not enough. By default reading needs
 * {@code viewer} and changing needs {@code operator}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Role {
  Level value();

  /** Roles, each including the ones before it. */
  enum Level {
    VIEWER,
    OPERATOR,
    ADMIN
  }
}
