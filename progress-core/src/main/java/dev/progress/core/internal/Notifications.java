package dev.progress.core.internal;

import dev.progress.core.MilestoneReached;
import dev.progress.core.ProgressChange;
import dev.progress.core.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Changes collected under locks and told to listeners after every lock is released. Not thread-safe. */
final class Notifications {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final List<ProgressChange> changes = new ArrayList<>();
  private final List<MilestoneReached> milestones = new ArrayList<>();

  /** Keeps what a unit told, once it committed. */
  void commit(List<ProgressChange> unitChanges, List<MilestoneReached> newMilestones) {
    changes.addAll(unitChanges);
    milestones.addAll(newMilestones);
  }

  void dispatch(List<ProgressListener> listeners) {
    for (ProgressChange c : changes) {
      for (ProgressListener l : listeners) {
        try {
          l.onProgressChanged(c);
        } catch (VirtualMachineError e) {
          throw e; // out of memory or stack: nothing after it can be trusted to run
        } catch (Throwable e) { // an AssertionError of a listener too: the event is stored, tracking goes on
          LOG.error("progress listener {} failed on {}; other listeners still run", l, c.key(), e);
        }
      }
    }
    for (MilestoneReached m : milestones) {
      for (ProgressListener l : listeners) {
        try {
          l.onMilestoneReached(m);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          LOG.error("progress listener {} failed on milestone {}; other listeners still run", l, m, e);
        }
      }
    }
  }
}
