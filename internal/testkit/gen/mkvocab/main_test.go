package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// TestVocabIsUpToDate derives the vocabulary again and compares it with the
// committed lists, so they always come from the corpus by this code.
func TestVocabIsUpToDate(t *testing.T) {
	testcorpus.Dir(t, "nordstemmen")
	testcorpus.Dir(t, "karlsruhe-oparl")
	if testing.Short() {
		t.Skip("reads 4 million words; skipped with -short")
	}
	out := t.TempDir()
	if err := derive(testcorpus.Root(), out, 5000, 600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"words.tsv", "compounds.tsv"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "vocab", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("internal/testkit/gen/vocab/%s is out of date: run go generate ./internal/testkit/gen", name)
		}
	}
}

func TestCounterText(t *testing.T) {
	c := newCounter()
	c.text("Der Rat beschließt die Bau-\nleitplanung. Herr Gehrke fragt nach der Kita-Gebühr A5 und 2b.")
	for word, want := range map[string]int{
		"der": 2, "bauleitplanung": 1, "kita": 1, "gebühr": 1, "gehrke": 1,
		"a": 0, "b": 0, // letters of "A5", "2b"
	} {
		got := 0
		if f := c.forms[word]; f != nil {
			got = f.count
		}
		if got != want {
			t.Errorf("%s: %d, want %d", word, got, want)
		}
	}
	if c.afterTo["gehrke"] != 1 {
		t.Error("Gehrke not seen after Herr")
	}
	if c.forms["der"].surfaces["Der"] != 0 {
		t.Error("a capital at the start of a sentence counted as the word's spelling")
	}
}
