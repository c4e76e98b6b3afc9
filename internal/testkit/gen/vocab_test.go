package gen

import (
	"strings"
	"testing"
	"unicode"
)

func TestParseVocab(t *testing.T) {
	const words = "# tail 0.2000\nder\t1000\t\nRat\t500\tm\nVorlage\t400\tf\n"
	const compounds = "# comment\nSozialausschuss\tSozial\t\tAusschuss\tm\t30\nHaushaltsplan\tHaushalt\ts\tPlan\tm\t20\n"
	t.Run("OK", func(t *testing.T) {
		v, err := parseVocab(words, compounds)
		if err != nil {
			t.Fatal(err)
		}
		if v.tailShare != 0.2 || v.words[0] != "der" || v.nouns[0].word != "Rat" || v.nouns[0].gender != 'm' {
			t.Fatalf("parsed %v, %v, %v", v.tailShare, v.words[:3], v.nouns[:2])
		}
		if v.knownNouns >= len(v.nouns) {
			t.Fatal("no tail compounds")
		}
	})
	for name, tc := range map[string]struct{ words, compounds, want string }{
		"ErrColumns":    {"der\t1000\n", "", "want 3 columns"},
		"ErrCount":      {"der\tviel\t\n", "", "bad count"},
		"ErrGender":     {"Rat\t5\tx\n", "", "bad gender"},
		"ErrTail":       {"# tail 1.5\nder\t5\t\n", "", "bad tail share"},
		"ErrEmpty":      {"# nothing\n", "", "no words"},
		"ErrSpelling":   {words, "Sozialausschuss\tSozial\ts\tAusschuss\tm\t30\n", "do not spell"},
		"ErrCompGender": {words, "Sozialausschuss\tSozial\t\tAusschuss\t\t30\n", "bad gender"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseVocab(tc.words, tc.compounds)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestEmbeddedVocabulary(t *testing.T) {
	v := vocabulary()
	if len(v.words) < 50000 || v.tailShare < 0.1 {
		t.Fatalf("%d words, tail share %.2f", len(v.words), v.tailShare)
	}
	seen := map[string]bool{}
	for _, c := range Compounds() {
		if !spells(c) {
			t.Errorf("%+v does not spell its word", c)
		}
		if seen[c.Word] {
			t.Errorf("%s twice", c.Word)
		}
		seen[c.Word] = true
	}
	for _, n := range v.nouns {
		if !unicode.IsUpper([]rune(n.word)[0]) || !strings.ContainsRune("mfnp", rune(n.gender)) {
			t.Fatalf("noun %+v", n)
		}
	}
	// The tail carries about the share of tokens the corpus has outside
	// its most frequent words.
	cum := v.all.cum
	total := cum[len(cum)-1]
	tailFrom := len(v.words) - (len(v.compounds) - countKnown(v))
	tail := float64(total-cum[tailFrom-1]) / float64(total)
	if tail < v.tailShare*0.9 || tail > v.tailShare*1.1 {
		t.Errorf("tail share %.3f, want about %.3f", tail, v.tailShare)
	}
}

// countKnown counts the compounds that are not tail combinations: those of
// compounds.tsv and the hand-picked ones.
func countKnown(v *vocab) int {
	n := len(extraCompounds)
	for _, line := range strings.Split(compoundsTSV, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			n++
		}
	}
	return n
}

func TestTailWeights(t *testing.T) {
	for _, tc := range []struct {
		n             int
		first, target uint64
	}{
		{1000, 100, 20000},
		{50000, 167, 1800000},
	} {
		w := tailWeights(tc.n, tc.first, tc.target)
		var sum uint64
		for i, x := range w {
			sum += x
			if i > 0 && x > w[i-1] {
				t.Fatalf("weights rise at rank %d", i+1)
			}
		}
		if w[0] > tc.first || sum < tc.target || float64(sum) > float64(tc.target)*1.01 {
			t.Errorf("n=%d: first %d, sum %d, want first ≤ %d and sum ≈ %d", tc.n, w[0], sum, tc.first, tc.target)
		}
	}
}

func TestWeightedDraw(t *testing.T) {
	w := newWeighted([]uint64{1, 0, 3, 6})
	r := newRNG(1, 2)
	got := make([]int, 4)
	for range 100000 {
		got[w.draw(r)]++
	}
	if got[1] != 0 {
		t.Errorf("an outcome of weight 0 was drawn %d times", got[1])
	}
	for i, want := range []int{10000, 0, 30000, 60000} {
		if d := got[i] - want; d < -1500 || d > 1500 {
			t.Errorf("outcome %d: %d draws, want about %d", i, got[i], want)
		}
	}
}

func TestStreamsAreIndependentAndStable(t *testing.T) {
	a, b, c := newRNG(7, 1, 5), newRNG(7, 1, 5), newRNG(7, 1, 6)
	same, other := 0, 0
	for range 100 {
		x, y, z := a.below(1000), b.below(1000), c.below(1000)
		if x == y {
			same++
		}
		if x == z {
			other++
		}
		if x >= 1000 {
			t.Fatalf("below(1000) = %d", x)
		}
	}
	if same != 100 || other > 5 {
		t.Errorf("same stream agreed %d/100, other stream %d/100", same, other)
	}
}
