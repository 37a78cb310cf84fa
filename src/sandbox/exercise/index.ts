/**
 * The exercise island: importing this module defines `<eda-exercise>` (see README).
 */
import { EdaExerciseElement } from './exercise-element';

if (typeof customElements !== 'undefined' && !customElements.get('eda-exercise')) {
  customElements.define('eda-exercise', EdaExerciseElement);
}
