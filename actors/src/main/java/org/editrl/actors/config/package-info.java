/**
 * editrl's configuration: one HOCON tree whose defaults live in {@code editrl-reference.conf}
 * (every key documented there and in {@code docs/config.md}), overridden by {@code --config FILE}
 * and repeated {@code --set key=value} (commands take both through the {@link
 * org.editrl.actors.config.ConfigOptions} picocli mixin). {@link org.editrl.actors.config.EditrlConfig} loads and
 * validates it (an unknown key under {@code editrl} names the nearest valid key; a wrong type
 * names key, expected type and value); each section is read once into a settings record next to
 * the code that uses it ({@code WeightSettings.from(config)}, {@code MetricsSettings}, {@code
 * ClusterSettings}, {@link org.editrl.actors.config.RunSettings}).
 *
 * <p>Adding a section: add its keys with comments to {@code editrl-reference.conf}, list them in
 * {@code docs/config.md} (regenerate its table as {@code ConfigReferenceDocsTest} says), and write a record
 * with a {@code static from(EditrlConfig)} that reads them with the typed getters.
 */
package org.editrl.actors.config;
