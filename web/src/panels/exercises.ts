/**
 * Panel "Exercises and quiz": numeric exercises whose answers the library computes (Bernoulli
 * Fisher information and natural-gradient step, Fisher = Hessian of the log-partition, the
 * gradient in expectation coordinates applied in natural coordinates), and a keyboard-operable
 * multiple-choice quiz on common confusions, each with an explanation after answering.
 */
import type { Panel, PanelContext } from '../panel.js';
import { numParam } from '../state.js';
import { button, controlRow, fmt, formula, h, messageArea, panelFrame, textInput, uid } from '../ui/index.js';
import { logPartitionFigure } from './exercises/figure.js';
import { exercises, isRight, parseAnswer, QUIZ, VARIANT_COUNT, type NumericQuestion, type QuizQuestion } from './exercises/content.js';

type Status = 'unanswered' | 'right' | 'wrong' | 'invalid';

function mount(root: HTMLElement, ctx: PanelContext) {
  let variant = Math.round(numParam(ctx.params, 'v', 0));
  if (!(variant >= 0 && variant < VARIANT_COUNT)) variant = 0;

  const f = panelFrame(root, {
    title: 'Exercises and quiz',
    intro: [
      'Work these out on paper, then type your answer: the page checks it against the value the library computes (answers within 0.5% count as right; fractions such as 100/21 are accepted). ',
      'After each check the worked solution appears. The quiz below covers three common confusions; choose with the arrow keys or the mouse, then check.',
    ],
    tex: String.raw`I(\theta) = \mathbb{E}_\theta\bigl[\nabla \log f\,\nabla \log f^\top\bigr] = \nabla^2 F(\theta),\qquad \tilde\nabla L = I(\theta)^{-1}\nabla L`,
  });

  const statuses: Record<string, { status: Status; given: string; expected: number }> = {};
  const quizState: Record<string, { choice: number | null; correct: boolean | null }> = {};
  const publish = () => {
    ctx.report('exercises', structuredClone(statuses));
    ctx.report('quiz', structuredClone(quizState));
    ctx.report('variant', variant);
  };

  const otherBtn = button({ label: 'Other numbers', ariaLabel: 'Show the exercises with other numbers', onClick: () => ((variant = (variant + 1) % VARIANT_COUNT), ctx.setParams({ v: String(variant) }), renderExercises()) });
  f.controls.append(controlRow([otherBtn], 'Exercises'));
  const exBox = h('div', { class: 'exercises' });
  const quizBox = h('div', { class: 'quiz' });
  f.figures.append(exBox, quizBox);

  function questionBlock(q: NumericQuestion): HTMLElement {
    statuses[q.id] = { status: 'unanswered', given: '', expected: q.expected };
    const msg = messageArea();
    const solution = h('p', { class: 'solution', hidden: true }, [q.solution]);
    const check = (text: string) => {
      const given = parseAnswer(text);
      if (text.trim() === '') {
        statuses[q.id] = { status: 'unanswered', given: text, expected: q.expected };
        msg.show('Type a number first.', 'info');
      } else if (given === null) {
        statuses[q.id] = { status: 'invalid', given: text, expected: q.expected };
        msg.show(`"${text}" is not a number. Type a decimal such as 4.76 or a fraction such as 100/21.`, 'error');
      } else if (isRight(given, q.expected)) {
        statuses[q.id] = { status: 'right', given: text, expected: q.expected };
        msg.show(`Right: ${fmt(given, 6)} agrees with the library's ${fmt(q.expected, 8)}.`, 'info');
        solution.hidden = false;
      } else {
        statuses[q.id] = { status: 'wrong', given: text, expected: q.expected };
        msg.show(`Not right: ${fmt(given, 6)} is not ${fmt(q.expected, 8)}, the library's value. The solution is below.`, 'error');
        solution.hidden = false;
      }
      block.dataset.status = statuses[q.id].status;
      publish();
    };
    const input = textInput({ label: 'Your answer', placeholder: 'a number', onCommit: (v) => check(v) });
    const feedbackId = uid('feedback');
    msg.el.id = feedbackId;
    input.input.setAttribute('aria-describedby', feedbackId);
    const checkBtn = button({ label: 'Check', ariaLabel: `Check the answer to: ${q.prompt}`, onClick: () => check(input.input.value) });
    const block = h('div', { class: 'question', 'data-question': q.id, 'data-status': 'unanswered' }, [
      h('p', { class: 'prompt' }, [q.prompt]),
      q.tex ? formula(q.tex) : null,
      controlRow([input.el, checkBtn]),
      msg.el,
      solution,
    ]);
    return block;
  }

  function renderExercises(): void {
    for (const k of Object.keys(statuses)) delete statuses[k];
    let list;
    try {
      list = exercises(variant);
    } catch (e) {
      f.msg.show(`The exercises could not be prepared: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    exBox.replaceChildren(
      ...list.map((ex) =>
        h('section', { class: 'exercise', 'data-exercise': ex.id, 'aria-labelledby': `ex-${ex.id}` }, [
          h('h3', { id: `ex-${ex.id}` }, [ex.title]),
          h('p', {}, [ex.setting]),
          ex.tex ? formula(ex.tex) : null,
          ex.logPartition ? logPartitionFigure(ex.logPartition.family, ex.logPartition.theta0, ex.logPartition.caption) : null,
          ...ex.questions.map(questionBlock),
        ]),
      ),
    );
    publish();
  }

  function quizBlock(q: QuizQuestion, index: number): HTMLElement {
    quizState[q.id] = { choice: null, correct: null };
    const name = uid(`quiz-${q.id}`);
    const msg = messageArea();
    const explanation = h('p', { class: 'explanation', hidden: true }, [q.explanation]);
    const radios = q.choices.map((c, i) => {
      const id = `${name}-${i}`;
      const input = h('input', { type: 'radio', name, id, value: String(i) });
      return { input, el: h('div', { class: 'choice' }, [input, h('label', { for: id }, [c])]) };
    });
    const check = () => {
      const chosen = radios.findIndex((r) => r.input.checked);
      if (chosen < 0) {
        msg.show('Choose an answer first (Tab to the options, then the arrow keys).', 'info');
        return;
      }
      const correct = chosen === q.answer;
      quizState[q.id] = { choice: chosen, correct };
      msg.show(correct ? 'Right.' : `Not quite: the answer is "${q.choices[q.answer]}".`, correct ? 'info' : 'error');
      explanation.hidden = false;
      block.dataset.status = correct ? 'right' : 'wrong';
      publish();
    };
    const checkBtn = button({ label: 'Check', ariaLabel: `Check quiz question ${index + 1}`, onClick: check });
    const legendId = uid('legend');
    const block = h('fieldset', { class: 'quiz-question', 'data-quiz': q.id, 'data-status': 'unanswered', 'aria-describedby': legendId }, [
      h('legend', { id: legendId }, [`Question ${index + 1}. ${q.prompt}`]),
      ...radios.map((r) => r.el),
      controlRow([checkBtn]),
      msg.el,
      explanation,
    ]);
    return block;
  }

  quizBox.append(h('h3', {}, ['Quiz: common confusions']), ...QUIZ.map(quizBlock));
  renderExercises();
  return { destroy() {} };
}

/** The exercises-and-quiz panel. */
export const exercisesPanel: Panel = { id: 'exercises', title: 'Exercises and quiz', mount };
