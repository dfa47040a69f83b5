package org.editrl.actors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.editrl.core.UserError;
import org.editrl.proto.EditTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerJournalTest {
  @TempDir Path run;

  @Test
  void eventsWrittenByALedgerReadBackIdentically() {
    TaskSource source = o -> EditTask.newBuilder().setTaskId("t" + o).setOrdinal(o).build();
    try (LedgerJournal journal = LedgerJournal.openIn(run)) {
      TaskLedger ledger = new TaskLedger(source, 100, 4, journal);
      String a = ledger.lease("w", 0).orElseThrow().getLeaseId();
      ledger.lease("w", 0);
      ledger.deliver(a, 1);
      ledger.trained(List.of(a), 7, 2);
      ledger.expire(500);
    }
    List<LedgerEvent> events = LedgerJournal.read(run);
    assertThat(events).extracting(LedgerEvent::kind)
        .containsExactly("leased", "leased", "delivered", "trained", "requeued");
    assertThat(events.get(3).step()).isEqualTo(7L);
    assertThat(events.get(4).reason()).isEqualTo("lease_expired");
    assertThat(events.get(0).worker()).isEqualTo("w");
  }

  @Test
  void aTornLastLineIsSkippedButCorruptionInTheMiddleIsAnError() throws Exception {
    try (LedgerJournal journal = LedgerJournal.openIn(run)) {
      journal.accept(new LedgerEvent("leased", 0, "t0", "t0#1", "w", null, null, 1));
    }
    Path file = run.resolve(LedgerJournal.FILE_NAME);
    Files.writeString(file, "{\"kind\":\"leased\",\"ordi", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(LedgerJournal.read(run)).hasSize(1);

    Files.writeString(file, "\n{\"kind\":\"leased\",\"ordinal\":1,\"taskId\":\"t1\",\"timeMs\":2}\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThatThrownBy(() -> LedgerJournal.read(run))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("line 2");
  }
}
