package org.colorizer.it;

import org.colorizer.testutil.PrivatePreferencesTest;

/** The integration tests' JVM, too, keeps Java preferences under target/ (the checks of the unit test). */
class PrivatePreferencesIT extends PrivatePreferencesTest {}
