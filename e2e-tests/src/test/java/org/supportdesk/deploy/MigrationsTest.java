package org.supportdesk.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Flyway applies migrations out of order (`quarkus.flyway.out-of-order`), so that a platform migration
 * (0.x, below every service's own) added later still reaches a database whose service migrations are
 * ahead of it. What that setting would let through unseen, a service migration numbered below one
 * already merged or two of one number, is refused here: each service's migrations are V1, V2, … with
 * no gap and no repeat, and the platform's V0_1, V0_2, ….
 */
class MigrationsTest {

    private static final Pattern SERVICE = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
    private static final Pattern PLATFORM = Pattern.compile("V0_(\\d+)__[a-z0-9_]+\\.sql");

    @Test
    void everyServicesMigrationsAreNumberedOneByOneAndThePlatformsBelowThem() throws IOException {
        for (String service : DeployManifestsTest.SERVICES) {
            assertThat(numbers(DeployManifestsTest.ROOT.resolve(service + "/src/main/resources/db/migration"), SERVICE))
                    .as(service).isEqualTo(IntStream.rangeClosed(1, count(service)).boxed().toList());
        }
        Path platform = DeployManifestsTest.ROOT.resolve("platform/src/main/resources/db/platform");
        try (Stream<Path> files = Files.list(platform)) {
            assertThat(files.count()).isPositive();
        }
        assertThat(numbers(platform, PLATFORM))
                .isEqualTo(IntStream.rangeClosed(1, numbers(platform, PLATFORM).size()).boxed().toList());
    }

    private static int count(String service) throws IOException {
        try (Stream<Path> files = Files.list(DeployManifestsTest.ROOT.resolve(service + "/src/main/resources/db/migration"))) {
            return (int) files.count();
        }
    }

    /** The files' numbers in order; a file not named as the pattern says fails the test. */
    private static List<Integer> numbers(Path folder, Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).map(name -> {
                Matcher m = pattern.matcher(name);
                assertThat(m.matches()).as("%s in %s", name, folder).isTrue();
                return Integer.parseInt(m.group(1));
            }).sorted().toList();
        }
    }
}
