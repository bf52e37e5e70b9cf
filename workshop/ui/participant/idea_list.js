// A list of ideas as one component: each idea's card, the controls of the open round (dots, ranking or rating, and
// any method's one toggle button per card: workshop/domain/methods), pass, and a button to its comments. A thousand
// phones each holding one of these, instead of some hundred elements each, is what keeps the server small. Everything
// shown arrives from the server as text (Vue interpolation, never HTML); a word in te reo comes with its lang. Each tap
// is one 'act' event with a fresh op id from window.cwSend, which also shows "not sent" and sends nothing while the
// connection is down.
export default {
  template: `
  <div class="cw-ideas nicegui-column w-full gap-3">
    <div v-if="top.heading" role="heading" aria-level="2" class="text-xl font-semibold" :lang="top.heading.l">
      {{ top.heading.t }}</div>
    <div v-if="top.timer" class="font-semibold" :data-cw-deadline="top.timer.deadline"
         :data-cw-template="top.timer.template" :data-cw-done="top.timer.done"></div>
    <div v-if="top.how" :lang="top.how.l">{{ top.how.t }}</div>
    <q-btn v-if="top.pass" no-caps color="primary" :lang="top.pass.l" :label="top.pass.t"
           :outline="!top.pass.on" :unelevated="top.pass.on" :aria-pressed="String(top.pass.on)"
           @click="act('pass_round', '')" />
    <div v-for="idea in cards" :key="idea.id" class="nicegui-card q-card q-card--bordered q-card--flat no-shadow w-full"
         :style="{order: order(idea.id)}" :data-idea="idea.id"
         :draggable="mode === 'rank' && placed(idea.id)" @dragstart="dragged = idea.id" @dragend="dragged = null"
         @dragover="dragged && placed(idea.id) && $event.preventDefault()" @drop.prevent="drop(idea.id)">
      <div role="heading" aria-level="3" class="text-lg font-semibold" :lang="idea.tl">{{ idea.title }}</div>
      <div v-if="idea.plain" class="text-slate-800" :lang="idea.pl">{{ idea.plain }}</div>
      <details v-if="idea.alt"><summary :lang="idea.alt.l" class="cw-fold">{{ idea.alt.name }}</summary><div :lang="idea.alt.l" class="font-semibold">{{ idea.alt.title }}</div>
        <div v-if="idea.alt.plain" :lang="idea.alt.l">{{ idea.alt.plain }}</div></details>
      <div v-if="mode === 'dots'" class="nicegui-row items-center gap-2 flex-wrap">
        <q-btn no-caps color="primary" class="text-xl" label="−" :aria-label="idea.less"
               @click="act('less', idea.id)" />
        <div class="min-w-24 text-center" :lang="at(idea.id).count.l">{{ at(idea.id).count.t }}</div>
        <q-btn no-caps color="primary" class="text-xl" label="+" :aria-label="idea.more"
               @click="act('more', idea.id)" />
      </div>
      <div v-if="mode === 'rank' || at(idea.id).toggle" class="nicegui-row items-center gap-2 flex-wrap">
        <div v-if="mode === 'rank'" class="min-w-32" :lang="at(idea.id).place.l">{{ at(idea.id).place.t }}</div>
        <q-btn v-if="at(idea.id).toggle" no-caps color="primary" :lang="at(idea.id).toggle.l"
               :label="at(idea.id).toggle.t" :outline="at(idea.id).toggle.switch && !at(idea.id).toggle.on"
               :aria-pressed="at(idea.id).toggle.switch ? String(at(idea.id).toggle.on) : null"
               :aria-label="at(idea.id).toggle.on ? idea.unpick : idea.pick" @click="act('pick', idea.id)" />
        <template v-if="mode === 'rank'">
          <q-btn no-caps color="primary" :lang="words.up.l" :label="words.up.t" :aria-label="idea.up"
                 :disable="!at(idea.id).can_up" @click="act('up', idea.id)" />
          <q-btn no-caps color="primary" :lang="words.down.l" :label="words.down.t" :aria-label="idea.down"
                 :disable="!at(idea.id).can_down" @click="act('down', idea.id)" />
        </template>
      </div>
      <template v-if="mode === 'rating'"><template v-for="question in idea.questions" :key="question.criterion">
        <div class="font-medium" :lang="question.text.l">{{ question.text.t }}</div>
        <div class="nicegui-row gap-1 flex-wrap" role="group" :aria-label="question.group">
          <q-btn v-for="value in scale" :key="value" no-caps color="primary" :label="String(value)"
                 :outline="!rated(idea.id, question.criterion, value)"
                 :unelevated="rated(idea.id, question.criterion, value)"
                 :aria-pressed="String(rated(idea.id, question.criterion, value))"
                 @click="act('rate', idea.id, question.criterion, value)" />
        </div>
        <div class="text-sm text-slate-700" :lang="words.hint.l">{{ words.hint.t }}</div>
      </template></template>
      <div class="nicegui-row items-center gap-2 flex-wrap">
        <q-btn v-if="mode !== 'list'" no-caps color="primary" :lang="at(idea.id).pass.l" :label="at(idea.id).pass.t"
               :aria-label="idea.pass" :outline="!at(idea.id).passed" :unelevated="at(idea.id).passed"
               :aria-pressed="String(at(idea.id).passed)" @click="act('pass', idea.id)" />
        <q-btn no-caps outline color="primary" :lang="idea.comments.l" :label="idea.comments.t"
               :aria-label="idea.comments_aria" @click="$emit('act', {a: 'comments', id: idea.id})" />
      </div>
    </div>
  </div>`,
  // JSON text: one string the server shares between every page that shows the same cards
  props: {
    head: String, // above the cards: heading, timer (its deadline; the page's script counts down), how, pass
    ideas: String, // the same for everyone in a language: id, title, plain, aria-labels, questions, comments
    texts: String, // words the cards share: up, down, hint
    mode: String, // the round's method ('dots', 'rank', 'rating', …), or 'list' (no open round: cards and comments)
    scale: Number,
    state: String, // this participant's ballot, per idea: count, place, toggle, can_up, can_down, order, rates, pass
  },
  computed: {
    top() {
      return JSON.parse(this.head);
    },
    cards() {
      return JSON.parse(this.ideas);
    },
    words() {
      return JSON.parse(this.texts);
    },
    mine() {
      return JSON.parse(this.state);
    },
  },
  data() {
    return { dragged: null };
  },
  methods: {
    at(id) {
      return this.mine[id] || this.mine[""];
    },
    order(id) {
      return this.mode === "rank" ? this.at(id).order : 0;
    },
    placed(id) {
      return this.at(id).order < 1000;
    },
    rated(id, criterion, value) {
      return (this.at(id).rates || {})[criterion] === value;
    },
    act(a, id, c, v) {
      window.cwSend((op) => this.$emit("act", { a, id, c, v, op }));
    },
    drop(id) {
      // a ranked idea dropped on another ranked one takes its place
      if (this.dragged && this.dragged !== id && this.placed(id)) this.act("drop", this.dragged, null, this.order(id));
      this.dragged = null;
    },
  },
};
