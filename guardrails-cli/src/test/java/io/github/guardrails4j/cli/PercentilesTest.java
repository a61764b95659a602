package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentilesTest {
    // Wikipedia's nearest-rank example: 15, 20, 35, 40, 50.
    private static final long[] FIVE = {50, 15, 40, 20, 35};

    @ParameterizedTest(name = "p{0} of 15,20,35,40,50 is {1}")
    @CsvSource({"0,15", "5,15", "20,15", "30,20", "40,20", "50,35", "90,50", "99,50", "100,50"})
    void nearestRankOfFiveValues(double p, long expected) {
        assertEquals(expected, Percentiles.nearestRank(FIVE, p));
    }

    @ParameterizedTest(name = "p{0} of 1..100 is {1}")
    @CsvSource({"1,1", "7,7", "29,29", "50,50", "90,90", "99,99", "99.5,100", "100,100"})
    void wholePercentilesOfOneToHundredAreExact(double p, long expected) {
        assertEquals(
                expected, Percentiles.nearestRank(LongStream.rangeClosed(1, 100).toArray(), p));
    }

    @Test
    void singleValueIsEveryPercentile() {
        assertEquals(7, Percentiles.nearestRank(new long[] {7}, 50));
        assertEquals(7, Percentiles.nearestRank(new long[] {7}, 99));
    }

    @Test
    void inputIsNotReordered() {
        long[] values = {3, 1, 2};
        Percentiles.nearestRank(values, 50);
        assertEquals(3, values[0]);
    }

    @Test
    void emptyOrOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(FIVE, 101));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(FIVE, Double.NaN));
    }
}
