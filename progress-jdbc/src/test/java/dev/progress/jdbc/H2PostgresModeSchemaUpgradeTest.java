package dev.progress.jdbc;

/** {@link SchemaUpgradeContract} on H2 in {@code MODE=PostgreSQL}, which the store supports too. */
class H2PostgresModeSchemaUpgradeTest extends H2SchemaUpgradeTest {
  @Override
  String settings() {
    return ";MODE=PostgreSQL";
  }
}
