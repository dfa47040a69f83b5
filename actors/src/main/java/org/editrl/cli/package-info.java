/**
 * The {@code editrl} command line: {@link org.editrl.cli.EditrlCli} and one class per subcommand.
 *
 * <p>Conventions every command follows: JSON output is one object per line on stdout, human
 * progress goes to stderr; long-running commands take {@code --out DIR} and {@code --preset
 * smoke}; bad input raises {@link org.editrl.core.UserError}, which prints one line and exits
 * with status 2 (a stack trace only with {@code --verbose}).
 */
package org.editrl.cli;
