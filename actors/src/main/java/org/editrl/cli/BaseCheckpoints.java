package org.editrl.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.editrl.learner.pretrain.PretrainRun;
import org.editrl.learner.pretrain.PretrainSettings;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.world.Vocabulary;

/** The cached pretrained base that training starts from. */
final class BaseCheckpoints {
  private BaseCheckpoints() {}

  /** Pretrains a base into {@code dir} with {@code preset} unless one is already there. */
  static void ensure(Path dir, String preset, PrintStream err) {
    if (Files.isRegularFile(dir.resolve(ModelCheckpoint.MANIFEST_FILE))) {
      return;
    }
    err.println("editrl: no base checkpoint at " + dir + "; pretraining one first (preset "
        + preset + ")");
    PretrainRun.run(PretrainSettings.preset(preset, Vocabulary.world().size()), dir,
        WriterStreams.printStream(new PrintWriter(PrintWriter.nullWriter())), err);
  }
}
