package org.custodian.access;

/** What a caller does with a resource type, in the letters of SMART v2 scopes ({@code cruds}). */
public enum Interaction {
	CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

	private final char letter;

	Interaction(char letter) {
		this.letter = letter;
	}

	char letter() {
		return letter;
	}

	static Interaction of(char letter) {
		for (Interaction i : values()) {
			if (i.letter == letter) {
				return i;
			}
		}
		throw new IllegalArgumentException("not a SMART interaction letter: " + letter);
	}
}
