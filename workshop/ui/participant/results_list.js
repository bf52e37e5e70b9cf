// Revealed results as one component: for each round its heading, how many voted, the ranked list (the top three
// in bold), and parts that fold out (<details>: the ideas nobody voted for, every group counting the same, each
// group's own ranking). The server sends one JSON text that is the same for everyone reading the same language;
// everything shown is text (Vue interpolation, never HTML), with its lang when the words are te reo. With `shared`
// the words also come as one Socket.IO message sent alike to every page showing them (web/broadcast.py); each text
// carries a revision, and the newest of the two ways wins, whichever arrived last.
export default {
  template: `
  <div v-if="data.rounds.length" class="cw-results nicegui-column w-full gap-2">
    <div v-if="data.heading" role="heading" aria-level="2" class="text-xl font-semibold" :lang="data.heading.l">
      {{ data.heading.t }}</div>
    <section v-for="(round, r) in data.rounds" :key="r" class="nicegui-column w-full gap-2">
      <div role="heading" aria-level="3" class="text-lg font-semibold" :lang="round.heading.l">{{ round.heading.t }}</div>
      <div :lang="round.voters.l">{{ round.voters.t }}</div>
      <ol v-if="round.ranked.length" class="list-none p-0 m-0">
        <li v-for="(line, i) in round.ranked" :key="i" :class="{'font-semibold': line.top}" :lang="line.l">
          {{ line.t }}</li>
      </ol>
      <details v-for="(part, p) in round.more" :key="p" :open="part.open" class="w-full">
        <summary class="cursor-pointer py-2 font-medium text-teal-900 underline" :lang="part.summary.l">
          <span aria-hidden="true">▸ </span>{{ part.summary.t }}</summary>
        <div v-for="(block, b) in part.blocks" :key="b" class="pl-2 pb-2">
          <div v-if="block.heading" role="heading" aria-level="4" class="font-semibold" :lang="block.heading.l">
            {{ block.heading.t }}</div>
          <div v-if="block.note" :lang="block.note.l">{{ block.note.t }}</div>
          <ol v-if="block.lines.length" class="list-none p-0 m-0">
            <li v-for="(line, i) in block.lines" :key="i" :lang="line.l">{{ line.t }}</li>
          </ol>
        </div>
      </details>
    </section>
  </div>`,
  props: {
    results: String, // JSON: {heading, rounds: [{heading, voters, ranked: [{t, l, top}], more: [{summary, open,
    //                    blocks: [{heading, note, lines}]}]}], rev}
    shared: String, // the Socket.IO event the same words come by to every page at once
  },
  data() {
    return { sent: null }; // the newest words from that event, parsed
  },
  computed: {
    data() {
      const own = JSON.parse(this.results);
      return this.sent && this.sent.rev > own.rev ? this.sent : own;
    },
  },
  mounted() {
    if (!this.shared) return;
    this.stop = window.cwListen(this.shared, (message) => {
      if (message.r !== undefined) this.sent = JSON.parse(message.r);
    });
  },
  unmounted() {
    this.stop?.();
  },
  watch: {
    // results revealed while the page is open come into view by themselves: no second message to every phone
    data(shown, before) {
      if (shown.rounds.length && !before.rounds.length) {
        this.$nextTick(() => this.$el.scrollIntoView?.({ block: "start" }));
      }
    },
  },
};
