package dev.progress.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * A pool seen through a log of what the store asks of its connections: each statement prepared (its first
 * words), each commit and rollback, each unwrap to a driver's class (what a COPY goes through). For tests that
 * count round trips. Safe for concurrent use.
 */
final class StatementLog {
  private final List<String> entries = Collections.synchronizedList(new ArrayList<>());
  private final DataSource dataSource;

  StatementLog(DataSource pool) {
    this.dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object result = invoke(pool, method, args);
          return method.getName().equals("getConnection") ? connection((Connection) result) : result;
        });
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** What happened since the last call, and forgets it. */
  List<String> take() {
    synchronized (entries) {
      List<String> taken = List.copyOf(entries);
      entries.clear();
      return taken;
    }
  }

  private Connection connection(Connection connection) {
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "prepareStatement" -> entries.add(firstWords((String) args[0]));
        case "commit" -> entries.add("COMMIT");
        case "rollback" -> entries.add("ROLLBACK");
        case "unwrap" -> entries.add("unwrap " + ((Class<?>) args[0]).getSimpleName());
        default -> { }
      }
      return invoke(connection, method, args);
    };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        handler);
  }

  /** The statement's first line: what it is. */
  private static String firstWords(String sql) {
    String line = sql.strip().lines().findFirst().orElse("");
    return line;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
